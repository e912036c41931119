"""Running the actual algorithms in mpmath, to witness derived results."""
