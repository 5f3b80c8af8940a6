"""Import and export from the window."""
