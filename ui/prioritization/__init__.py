"""The prioritisation screen and its panels."""
