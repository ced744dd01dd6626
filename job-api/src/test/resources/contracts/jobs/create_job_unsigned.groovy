import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'create_job_unsigned'
  // After every signed contract: only a request that none of them matches gets this stub.
  priority 100
  description 'A write without a signature: API Gateway answers 403 with its own message.'
  request {
    method POST()
    url '/v1/jobs'
    headers { contentType(applicationJson()) }
    body(city: 'Lyon', company_name: 'NOVENCIA Group', title: 'Data scientist')
  }
  response {
    status FORBIDDEN()
    headers { contentType(applicationJson()) }
    body(message: 'Forbidden')
  }
}
