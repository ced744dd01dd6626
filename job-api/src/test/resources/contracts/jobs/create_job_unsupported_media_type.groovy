import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'create_job_unsupported_media_type'
  description 'A body that is not JSON: a 415 problem.'
  request {
    method POST()
    url '/v1/jobs'
    headers {
      contentType('text/plain')
      // Signed with AWS Signature Version 4 by the client (the tests sign it for real).
      header('Authorization', $(
          c(regex('AWS4-HMAC-SHA256 Credential=\\S+, SignedHeaders=\\S+, Signature=[0-9a-f]{64}')),
          p('AWS4-HMAC-SHA256 Credential=test/20261129/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000')))
    }
    body('city=Lyon')
  }
  response {
    status UNSUPPORTED_MEDIA_TYPE()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Unsupported Media Type',
        status: 415,
        detail: $(c("Content-Type 'text/plain' is not supported."), p(anyNonBlankString())))
  }
}
