"""What the window's lists read across the stages, one query per list."""
