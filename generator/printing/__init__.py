"""Printing: the handbook of each role as a PDF, and the shared HTML-to-PDF step."""
