import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'create_job_invalid'
  // Stubs that match the same request: the lower number wins.
  priority 2
  description 'A job without its required fields: a 400 problem that names every field at fault.'
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
    body(city: 'Lyon', contract_type: 'Full-Time')
  }
  response {
    status BAD_REQUEST()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: $(c('The request has 2 invalid fields.'), p(anyNonBlankString())),
        errors: [
            [field: 'company_name', message: $(c('must not be null'), p(anyNonBlankString()))],
            [field: 'title', message: $(c('must not be null'), p(anyNonBlankString()))]
        ])
    bodyMatchers {
      jsonPath('$.errors', byType { occurrence(2) })
    }
  }
}
