"""Content: the model, safe YAML with positions, loading files into models and diagnostics,
and the corpus. Imports nothing from checks, site or commands."""
