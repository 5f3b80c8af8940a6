"""The Planes de negocio screen and the plan form."""
