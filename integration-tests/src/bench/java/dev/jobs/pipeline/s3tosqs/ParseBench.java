package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.localaws.bench.BenchFigures;
import dev.jobs.localaws.samples.SyntheticCsv;
import dev.jobs.pipeline.JobValidation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Our CPU cost per row, with no I/O: parse + validate + serialize a synthetic file of N rows, and
 * the heap's peak while doing it. Run in a JVM of {@code -Xmx256m} (the pipeline's {@code bench}
 * profile).
 */
public final class ParseBench {

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    ObjectMapper json =
        JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
    SyntheticCsv csv = new SyntheticCsv(rows);
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    long valid = 0;
    long bytes = 0;
    try (CsvJobReader reader = new CsvJobReader(csv, JobValidation.validator())) {
      for (CsvJobReader.Row row; (row = reader.next()) != null; ) {
        if (row instanceof CsvJobReader.Valid v) {
          bytes += json.writeValueAsBytes(v.job()).length;
          valid++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed())
            .sum();
    BenchFigures.record(
        "parse + validate + serialize, no I/O, %,d rows: rows/s".formatted(rows),
        "%,.0f".formatted(rows / seconds),
        "");
    BenchFigures.record(
        "  the same: heap peak (-Xmx%dm; %,d MB of CSV, %,d valid, %,d MB of JSON)"
            .formatted(
                Runtime.getRuntime().maxMemory() >> 20,
                (rows * SyntheticCsv.row(rows / 2).length()) >> 20,
                valid,
                bytes >> 20),
        "%d MB".formatted(peak >> 20),
        "");
  }
}
