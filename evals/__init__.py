"""`make eval`: prompt variants over recorded or live model replies (see __main__)."""
