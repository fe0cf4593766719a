"""The essay's claims: analysis frames and specification grids (:mod:`.frames`)."""
