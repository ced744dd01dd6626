import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'replace_job_not_found'
  description 'No job has this id: a 404 problem.'
  request {
    method PUT()
    url '/v1/jobs/ffffffffffffffffffffffffffffffff'
    headers {
      contentType(applicationJson())
      // Signed with AWS Signature Version 4 by the client (the tests sign it for real).
      header('Authorization', $(
          c(regex('AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}')),
          p('AWS4-HMAC-SHA256 Credential=test/20261129/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000')))
    }
    body(city: 'Lyon', company_name: 'NOVENCIA Group', title: 'Data scientist')
  }
  response {
    status NOT_FOUND()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: $(c('No job has the id ffffffffffffffffffffffffffffffff.'), p(anyNonBlankString())))
  }
}
