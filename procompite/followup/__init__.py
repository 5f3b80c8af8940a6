"""After the award: agreements, purchases, deliveries, visits, alerts and the liquidation of the
funded plans."""
