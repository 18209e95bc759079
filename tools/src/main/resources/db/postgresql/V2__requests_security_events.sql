-- Management requests operators queue for nodes; every head-end instance reads the same queue.
CREATE TABLE requests (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint   text        NOT NULL,
  op         text        NOT NULL,
  path       text        NOT NULL,
  value      text        NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  state      text        NOT NULL DEFAULT 'QUEUED',
  code       text        NOT NULL DEFAULT '',
  result     text        NOT NULL DEFAULT '',
  done_at    timestamptz
);
CREATE INDEX requests_queued ON requests (id) WHERE state = 'QUEUED';
CREATE INDEX requests_by_endpoint ON requests (endpoint, id);

-- Security events nodes Send (object 26250), deduplicated by (endpoint, time, kind).
CREATE TABLE security_events (
  endpoint   text        NOT NULL,
  at         timestamptz NOT NULL,
  kind       text        NOT NULL,
  detail     text        NOT NULL,
  suppressed bigint      NOT NULL,
  seq        bigint      NOT NULL,
  PRIMARY KEY (endpoint, at, kind)
);
