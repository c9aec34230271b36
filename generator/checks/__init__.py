"""The rules: a registry where each rule declares its codes; one-file rules (cached with the
file), cross-file rules, and the checker's entry."""

from generator.checks.run import CheckResult, check

__all__ = ["CheckResult", "check"]
