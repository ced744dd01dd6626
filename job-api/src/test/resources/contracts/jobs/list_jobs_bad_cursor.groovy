import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'list_jobs_bad_cursor'
  // Stubs that match the same request: the lower number wins.
  priority 1
  description 'A cursor this API did not give: a 400 problem.'
  request {
    method GET()
    urlPath('/v1/jobs') {
      queryParameters {
        parameter 'cursor', 'not-a-cursor'
      }
    }
  }
  response {
    status BAD_REQUEST()
    headers { contentType('application/problem+json') }
    body(
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: $(c('The cursor is not one this API gave; start again without it.'), p(anyNonBlankString())))
  }
}
