"""Salons, locations, services with variants, staff and resources."""
