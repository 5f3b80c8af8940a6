"""The AEO screen and the AEO form with its padrón."""
