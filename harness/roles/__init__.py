"""The two roles of the exchange -- controller and edge -- over one core."""
