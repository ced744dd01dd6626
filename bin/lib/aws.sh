# Sourced by the bin/ scripts: the repository root, the region, the local-stack switch, and the
# values Terraform gave (outputs, else terraform.tfvars), so that each script needs no settings.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# terraform_value NAME: the Terraform output NAME once `terraform apply` ran here, else the
# variable NAME of terraform.tfvars, else nothing.
terraform_value() {
  local value=""
  if command -v terraform >/dev/null && [ -f "$ROOT/terraform/terraform.tfstate" ]; then
    value=$(terraform -chdir="$ROOT/terraform" output -raw "$1" 2>/dev/null || true)
  fi
  if [ -z "$value" ]; then
    value=$(sed -n "s/^$1 *= *\"\(.*\)\"$/\1/p" "$ROOT/terraform/terraform.tfvars")
  fi
  echo "$value"
}

export AWS_REGION=${AWS_REGION:-$(terraform_value aws_region)}
export AWS_DEFAULT_REGION=$AWS_REGION

# The AWS CLI itself reads AWS_ENDPOINT_URL (every service) and AWS_ENDPOINT_URL_<SERVICE>.
if env | grep -q '^AWS_ENDPOINT_URL' && [ -z "${AWS_ROLE_ARN:-}" ]; then
  # A local stack checks no signature, but the CLI wants credentials to sign with (unless it is
  # to assume a role with an ID token, as in CI).
  export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local}
fi
