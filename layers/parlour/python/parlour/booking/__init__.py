"""Bookings: appointments, their explicit states and history, clients, manage links."""
