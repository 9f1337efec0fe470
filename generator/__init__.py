"""Rebound: the generator behind a career-advice site for the days after a job rejection."""
