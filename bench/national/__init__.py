"""A synthetic national commendation history (issue 7): ``generate`` writes it in bulk."""
