import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'create_job_unsupported_media_type'
  description 'A body that is not JSON: a 415 problem.'
  request {
    method POST()
    url '/v1/jobs'
    headers { contentType('text/plain') }
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
