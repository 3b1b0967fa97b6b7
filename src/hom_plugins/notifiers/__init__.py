"""Notifiers: where ``hom notify`` delivers recorded events (email, a webhook)."""
