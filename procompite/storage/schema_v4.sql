-- Migration 0004: every department, province and district of Peru, with the district's
-- territorial indicators (INEI and RENIEC codes, altitude, coordinates, IDH 2019, % poverty and
-- % extreme poverty), loaded from resources/geography by procompite.storage.geography, which
-- also gives a file without chains the national catalogue (resources/catalogs/chains.json).

ALTER TABLE districts ADD COLUMN reniec_ubigeo TEXT
    CHECK (reniec_ubigeo IS NULL OR (length(reniec_ubigeo) = 6 AND reniec_ubigeo NOT GLOB '*[^0-9]*'));
ALTER TABLE districts ADD COLUMN altitude_m INTEGER CHECK (altitude_m IS NULL OR altitude_m >= 0);
ALTER TABLE districts ADD COLUMN latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -19 AND 0);
ALTER TABLE districts ADD COLUMN longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -82 AND -68);
ALTER TABLE districts ADD COLUMN idh REAL CHECK (idh IS NULL OR idh BETWEEN 0 AND 1);
ALTER TABLE districts ADD COLUMN poverty_pct REAL CHECK (poverty_pct IS NULL OR poverty_pct BETWEEN 0 AND 100);
ALTER TABLE districts ADD COLUMN extreme_poverty_pct REAL
    CHECK (extreme_poverty_pct IS NULL OR extreme_poverty_pct BETWEEN 0 AND 100);
