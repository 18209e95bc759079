-- Readings, partitioned by month of their time (the head-end creates a month's partition before the
-- first insert that needs it; see ReadingPartitions). timestamptz, not epoch ms: partition bounds,
-- date_trunc and operators' queries read as times, and a reading's millisecond fits exactly.
CREATE TABLE readings (
  endpoint    text             NOT NULL,
  stream      text             NOT NULL,
  at          timestamptz      NOT NULL,
  value       double precision NOT NULL,
  unit        text             NOT NULL,
  quality     text             NOT NULL,
  path        text             NOT NULL,
  received_at timestamptz      NOT NULL,
  PRIMARY KEY (endpoint, stream, at)
) PARTITION BY RANGE (at);

-- The stream names nodes announce for their object instances (Application Type).
CREATE TABLE channels (
  endpoint  text    NOT NULL,
  object_id integer NOT NULL,
  instance  integer NOT NULL,
  channel   text    NOT NULL,
  PRIMARY KEY (endpoint, object_id, instance)
);

-- Per-endpoint counters of what Sends carried besides new readings.
CREATE TABLE endpoint_counters (
  endpoint   text   PRIMARY KEY,
  duplicates bigint NOT NULL DEFAULT 0,
  conflicts  bigint NOT NULL DEFAULT 0,
  sends      bigint NOT NULL DEFAULT 0
);
