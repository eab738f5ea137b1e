"""Offline-first sync between each kiosk and the central service."""
