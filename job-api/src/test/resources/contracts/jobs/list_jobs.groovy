import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'list_jobs'
  // Stubs that match the same request: the lower number wins.
  priority 3
  description 'The first page of all jobs, in no particular order: one job, and the cursor of the next page.'
  request {
    method GET()
    urlPath('/v1/jobs') {
      queryParameters {
        parameter 'limit', '1'
      }
    }
  }
  response {
    status OK()
    headers { contentType(applicationJson()) }
    body(
        items: [
            [
                id: $(c('36cc30fd1f56b5c9ebca2fc90e10a979'), p(regex('[0-9a-f]{32}'))),
                city: $(c('Lyon'), p(anyNonBlankString())),
                company_name: $(c('NOVENCIA Group'), p(anyNonBlankString())),
                title: $(c('Data scientist'), p(anyNonBlankString()))
            ]
        ],
        next_cursor: $(c('eyJpZCI6IjM2Y2MzMGZkMWY1NmI1YzllYmNhMmZjOTBlMTBhOTc5IiwiY2l0eSI6Ikx5b24ifQ'), p(regex('[A-Za-z0-9_-]+'))))
    bodyMatchers {
      jsonPath('$.items', byType { occurrence(1) })
    }
  }
}
