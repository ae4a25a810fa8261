"""Layer 2, what is derived from the data: filters, headline picks, estimates, official series, profiles. Imports only exodus.data."""
