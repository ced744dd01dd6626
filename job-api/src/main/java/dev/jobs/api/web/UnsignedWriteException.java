package dev.jobs.api.web;

/** A write that reached the app without the gateway's signature check: a 403 problem. */
public class UnsignedWriteException extends RuntimeException {

  public UnsignedWriteException() {
    super(
        "Creating, replacing and deleting jobs need a request signed with AWS Signature Version"
            + " 4.");
  }
}
