-- Questions to ask the STEDI lakehouse once the pipeline has run. Put the cursor in a statement and press
-- Ctrl+Enter (Cmd+Enter), or click "Run" above it; each answer opens in the results grid.

-- How many rows each zone holds: landing → trusted (research consent) → curated.
SELECT 'customer_landing' AS table_name, count(*) AS row_count FROM customer_landing
UNION ALL SELECT 'customer_trusted', count(*) FROM customer_trusted
UNION ALL SELECT 'customer_curated', count(*) FROM customer_curated
UNION ALL SELECT 'machine_learning_curated', count(*) FROM machine_learning_curated;

-- Customers who never agreed to share their data for research: none of them may reach the trusted zone.
SELECT count(*) AS without_consent
FROM customer_landing
WHERE sharewithresearchasofdate IS NULL OR sharewithresearchasofdate = 0;

-- The first readings of the machine-learning table, in time order.
SELECT sensorreadingtime, serialnumber, distancefromobject, x, y, z
FROM machine_learning_curated
ORDER BY sensorreadingtime
LIMIT 100;
