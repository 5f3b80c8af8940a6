"""What the window's lists and the command line read across the stages, one query per list."""
