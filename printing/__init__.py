"""Badges: layouts as data, rendering to PDF, and printing through CUPS."""
