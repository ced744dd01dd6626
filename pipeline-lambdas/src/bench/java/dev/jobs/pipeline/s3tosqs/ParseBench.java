package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.pipeline.JobValidation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Our CPU cost per row, with no I/O: parse + validate + serialize a synthetic file of N rows, and
 * the heap's peak while doing it. Run by {@code PipelineBench} in a JVM of {@code -Xmx256m}.
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
    System.out.printf(
        Locale.ROOT,
        "parse + validate + serialize: %,d rows (%,d MB of CSV) in %.1f s = %,.0f rows/s; heap peak %,d MB of max %,d MB; %,d valid, %,d JSON bytes%n",
        rows,
        (rows * SyntheticCsv.row(rows / 2).length()) >> 20,
        seconds,
        rows / seconds,
        peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20,
        valid,
        bytes);
  }
}
