import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'create_job'
  // Stubs that match the same request: the lower number wins.
  priority 1
  description 'A new job: 201, its address in Location, and the job with its new id.'
  request {
    method POST()
    url '/v1/jobs'
    headers {
      contentType(applicationJson())
      // Signed with AWS Signature Version 4 by the client (the tests sign it for real).
      header('Authorization', $(
          c(regex('AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}')),
          p('AWS4-HMAC-SHA256 Credential=test/20261129/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000')))
    }
    body(
        city: 'Lyon',
        company_name: 'NOVENCIA Group',
        title: 'Data scientist',
        contract_type: 'Full-Time',
        keyword: 'data scientist')
  }
  response {
    status CREATED()
    headers {
      contentType(applicationJson())
      // The job's version, to replace or delete that version only (If-Match).
      header('ETag', $(c('"9f2b6c0e4a1d7e35b8c2f04a6d19e7c3"'), p(regex('"[0-9a-f]{32}"'))))
      header('Location', $(
          c('https://abc123.execute-api.eu-west-1.amazonaws.com/dev/v1/jobs/36cc30fd1f56b5c9ebca2fc90e10a979'),
          p(regex('https?://.+/v1/jobs/[0-9a-f]{32}'))))
    }
    body(
        id: $(c('36cc30fd1f56b5c9ebca2fc90e10a979'), p(regex('[0-9a-f]{32}'))),
        city: 'Lyon',
        company_name: 'NOVENCIA Group',
        title: 'Data scientist',
        contract_type: 'Full-Time',
        keyword: 'data scientist')
  }
}
