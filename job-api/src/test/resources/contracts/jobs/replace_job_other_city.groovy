import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'replace_job_other_city'
  description 'A job cannot move to another city (its city is part of its key): a 409 problem.'
  request {
    method PUT()
    url $(c('/v1/jobs/36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('firstJobPath()')))
    headers {
      contentType(applicationJson())
      // Signed with AWS Signature Version 4 by the client (the tests sign it for real).
      header('Authorization', $(
          c(regex('AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}')),
          p('AWS4-HMAC-SHA256 Credential=test/20261129/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000')))
    }
    body(city: 'Paris', company_name: 'NOVENCIA Group', title: 'Data scientist')
  }
  response {
    status CONFLICT()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: $(c('The job is in Lyon; delete it and create it in Paris instead.'), p(anyNonBlankString())))
  }
}
