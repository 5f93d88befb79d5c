"""Import of published signatory lists (pure Python, no Django dependency)."""
