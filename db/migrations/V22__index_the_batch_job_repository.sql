-- Jakarta Batch (JBeret) keeps its job repository in schema public, in tables it creates with no index but
-- their primary keys. Every build's job then looks up its executions by job instance, and its steps by job
-- execution: each lookup read a whole table that grows with every build (job_execution had 34,752 sequential
-- scans and 322 million rows read after 12,568 builds; docs/benchmarks.md). These indexes make the lookups,
-- and the cascades of JBeret's foreign keys, independent of the history's length.
--
-- The tables are created here as JBeret's own DDL creates them (jberet-core 3.1, sql/jberet-postgresql.ddl),
-- so that a new database gets its indexes before JBeret first runs: JBeret then finds its tables and creates
-- nothing. On a database where JBeret made them already, the CREATE TABLEs do nothing.
CREATE TABLE IF NOT EXISTS public.job_instance (
  jobinstanceid   BIGSERIAL NOT NULL PRIMARY KEY,
  version         INTEGER,
  jobname         VARCHAR(512),
  applicationname VARCHAR(512)
);

CREATE TABLE IF NOT EXISTS public.job_execution (
  jobexecutionid  BIGSERIAL NOT NULL PRIMARY KEY,
  jobinstanceid   BIGINT NOT NULL,
  version         INTEGER,
  createtime      TIMESTAMPTZ,
  starttime       TIMESTAMPTZ,
  endtime         TIMESTAMPTZ,
  lastupdatedtime TIMESTAMPTZ,
  batchstatus     VARCHAR(30),
  exitstatus      VARCHAR(512),
  jobparameters   VARCHAR(3000),
  restartposition VARCHAR(255),
  CONSTRAINT fk_job_execution_job_instance FOREIGN KEY (jobinstanceid)
    REFERENCES public.job_instance (jobinstanceid) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS public.step_execution (
  stepexecutionid      BIGSERIAL NOT NULL PRIMARY KEY,
  jobexecutionid       BIGINT NOT NULL,
  version              INTEGER,
  stepname             VARCHAR(255),
  starttime            TIMESTAMPTZ,
  endtime              TIMESTAMPTZ,
  batchstatus          VARCHAR(30),
  exitstatus           VARCHAR(512),
  executionexception   VARCHAR(2048),
  persistentuserdata   BYTEA,
  readcount            INTEGER,
  writecount           INTEGER,
  commitcount          INTEGER,
  rollbackcount        INTEGER,
  readskipcount        INTEGER,
  processskipcount     INTEGER,
  filtercount          INTEGER,
  writeskipcount       INTEGER,
  readercheckpointinfo BYTEA,
  writercheckpointinfo BYTEA,
  CONSTRAINT fk_step_exe_job_exe FOREIGN KEY (jobexecutionid)
    REFERENCES public.job_execution (jobexecutionid) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS public.partition_execution (
  partitionexecutionid INTEGER NOT NULL,
  stepexecutionid      BIGINT NOT NULL,
  version              INTEGER,
  batchstatus          VARCHAR(30),
  exitstatus           VARCHAR(512),
  executionexception   VARCHAR(2048),
  persistentuserdata   BYTEA,
  readercheckpointinfo BYTEA,
  writercheckpointinfo BYTEA,
  PRIMARY KEY (partitionexecutionid, stepexecutionid),
  CONSTRAINT fk_partition_exe_step_exe FOREIGN KEY (stepexecutionid)
    REFERENCES public.step_execution (stepexecutionid) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS job_instance_jobname ON public.job_instance (jobname);
CREATE INDEX IF NOT EXISTS job_execution_jobinstanceid ON public.job_execution (jobinstanceid);
CREATE INDEX IF NOT EXISTS step_execution_jobexecutionid ON public.step_execution (jobexecutionid);
CREATE INDEX IF NOT EXISTS partition_execution_stepexecutionid ON public.partition_execution (stepexecutionid);
