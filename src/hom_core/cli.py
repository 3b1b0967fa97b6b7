"""The ``hom`` command (placeholder until the CLI issue)."""


def main() -> int:
    return 0
