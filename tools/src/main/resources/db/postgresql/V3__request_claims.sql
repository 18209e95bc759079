-- Of several head-end instances that see a node awake, the one that claims a request sends it;
-- a claim runs out, so a request claimed by an instance that died is sent by another.
ALTER TABLE requests ADD COLUMN claimed_by text;
ALTER TABLE requests ADD COLUMN claimed_until timestamptz;
