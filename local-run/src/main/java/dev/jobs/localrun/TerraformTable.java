package dev.jobs.localrun;

import dev.jobs.localaws.Terraform;
import dev.jobs.localaws.rehearsal.TableCapacity;
import java.util.Map;

/**
 * The job table's capacity as terraform.tfvars sets it, which the local run's DynamoDB enforces: on
 * demand, or provisioned at its variables' units (autoscaling, which AWS runs within minutes, is
 * not rehearsed: the least units are what a burst meets). The infrastructure tests check that the
 * table is declared with these variables.
 */
final class TerraformTable {

  private TerraformTable() {}

  static TableCapacity capacity(Terraform terraform) {
    Map<String, Object> variables = terraform.tfvars();
    if (!"PROVISIONED".equals(variables.get("table_billing_mode"))) {
      return TableCapacity.ON_DEMAND;
    }
    return TableCapacity.provisioned(
        units(variables, "table_read_capacity"),
        units(variables, "table_write_capacity"),
        TableCapacity.MAX_BURST_SECONDS);
  }

  private static long units(Map<String, Object> variables, String name) {
    return ((Number) variables.get(name)).longValue();
  }
}
