package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.model.Job;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Streams a CSV file of job offers, row by row, into jobs or rejections; it never holds more than a
 * row. The header names the columns (any order, quoted or not); the literal {@code NULL} and the
 * empty string mean absent; blank lines are skipped. A row is rejected, with its line and the
 * reason, if its field count differs from the header's, if it holds bytes that are not UTF-8, or if
 * the job breaks a constraint of the contract.
 */
final class CsvJobReader implements AutoCloseable {

  /** How the original data writes an absent value. */
  private static final String NULL = "NULL";

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          // Blank lines become one-field records here, so that every record's position is exact.
          .setIgnoreEmptyLines(false)
          .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
          .get();

  /** The snake_case JSON names of the model, which are the CSV's column names. */
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final TrackingUtf8Reader text;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final Validator validator;
  private final int columns;
  private final List<String> jobColumns;
  private CSVRecord pending;
  private boolean exhausted;
  private Rejection brokenTail;
  private long linesRead;

  /** A row read: the job to store, or why not. */
  sealed interface Row permits Valid, Rejected {}

  record Valid(long line, Job job) implements Row {}

  record Rejected(Rejection rejection) implements Row {}

  CsvJobReader(InputStream csv, Validator validator) throws NotJobOffersException {
    this.validator = validator;
    try {
      this.text = new TrackingUtf8Reader(BOMInputStream.builder().setInputStream(csv).get());
      this.parser = FORMAT.parse(text);
    } catch (IOException
        | UncheckedIOException
        | IllegalArgumentException
        | IllegalStateException e) {
      throw new NotJobOffersException("its header cannot be read as CSV");
    }
    List<String> header = parser.getHeaderNames();
    if (header.isEmpty()) {
      // Not even a header: an empty file, which holds no row to reject.
      this.columns = 0;
      this.jobColumns = List.of();
      this.records = Collections.emptyIterator();
      this.exhausted = true;
      return;
    }
    if (!header.contains(Job.JSON_PROPERTY_ID) || !header.contains(Job.JSON_PROPERTY_CITY)) {
      throw new NotJobOffersException(
          "its header has no id and city columns (the columns are "
              + Job.class.getSimpleName()
              + "'s fields: "
              + String.join(", ", JobColumns.NAMES)
              + ")");
    }
    this.columns = header.size();
    // Other columns are not part of a job: they are left out, not stored.
    this.jobColumns = header.stream().filter(JobColumns.NAMES::contains).toList();
    this.records = parser.iterator();
    this.linesRead = parser.getCurrentLineNumber();
    advance();
  }

  /** Whether the file holds nothing at all, not even a header (a byte-order mark aside). */
  boolean isEmpty() {
    return columns == 0;
  }

  /** The next row, or null at the end of the file. */
  Row next() {
    while (true) {
      if (pending == null) {
        if (brokenTail != null) {
          Rejection tail = brokenTail;
          brokenTail = null;
          return new Rejected(tail);
        }
        return null;
      }
      CSVRecord current = pending;
      advance();
      // The record ends where the next starts; the last, at the end of the text.
      long end =
          pending != null
              ? pending.getCharacterPosition()
              : brokenTail == null ? text.charactersRead() : Long.MAX_VALUE;
      if (isBlank(current, end)) {
        text.badBetween(current.getCharacterPosition(), end);
        continue;
      }
      return toRow(current, end);
    }
  }

  /**
   * Reads one record ahead: a record's end (and so its bad bytes) is known when the next starts.
   * Commons CSV cannot go on past broken quoting: the rest of the file is then one rejection.
   */
  private void advance() {
    pending = null;
    if (exhausted) {
      return;
    }
    try {
      if (records.hasNext()) {
        pending = records.next();
        linesRead = parser.getCurrentLineNumber();
      } else {
        exhausted = true;
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof CSVException)) {
        throw e; // the file could not be read: the ingestion fails, and is retried
      }
      breakOff();
    } catch (IllegalStateException e) {
      breakOff();
    }
  }

  private void breakOff() {
    exhausted = true;
    brokenTail =
        new Rejection(
            linesRead + 1,
            "the CSV quoting is broken here: the rest of the file, from this line, cannot be read",
            List.of());
  }

  private static boolean isBlank(CSVRecord record, long end) {
    // A line with nothing on it (LF or CRLF); a quoted empty field ("") is a row, not a blank.
    return record.size() == 1
        && record.get(0).isEmpty()
        && end - record.getCharacterPosition() <= 2;
  }

  private Row toRow(CSVRecord record, long end) {
    long line = text.lineOf(record.getCharacterPosition());
    List<String> fields = record.toList();
    if (text.badBetween(record.getCharacterPosition(), end)) {
      return rejected(line, "holds bytes that are not valid UTF-8", fields);
    }
    if (record.size() != columns) {
      return rejected(
          line, "has " + record.size() + " fields where the header has " + columns, fields);
    }
    Map<String, String> values = new LinkedHashMap<>();
    jobColumns.forEach(column -> values.put(column, absentIfNull(record.get(column))));
    Job job = JSON.convertValue(values, Job.class);
    if (job.getId() == null || job.getCity() == null) {
      return rejected(line, "lacks its " + (job.getId() == null ? "id" : "city"), fields);
    }
    Set<ConstraintViolation<Job>> violations = validator.validate(job);
    if (!violations.isEmpty()) {
      return rejected(line, describe(violations), fields);
    }
    return new Valid(line, job);
  }

  private static String absentIfNull(String value) {
    return value.isEmpty() || NULL.equals(value) ? null : value;
  }

  private static Row rejected(long line, String reason, List<String> fields) {
    return new Rejected(new Rejection(line, reason, fields));
  }

  /** "title: size must be between 1 and 300; url: ...", in the contract's field names. */
  private static String describe(Set<ConstraintViolation<Job>> violations) {
    return violations.stream()
        .map(v -> JobColumns.jsonName(v.getPropertyPath().toString()) + ": " + v.getMessage())
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.joining("; "));
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
