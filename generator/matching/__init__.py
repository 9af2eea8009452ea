"""Matching: participants, matching rules, the optimal assignment and its report."""
