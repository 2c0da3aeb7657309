"""Price lists: the pure pricing engine (engine.py) and its ingredients and results (models.py)."""
