import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'list_jobs_of_a_city'
  // Stubs that match the same request: the lower number wins.
  priority 2
  description 'The first page of one city, in the order of ids: one job, and the cursor of the next page.'
  request {
    method GET()
    urlPath('/v1/jobs') {
      queryParameters {
        parameter 'city', $(c('Lyon'), p('Contractville'))
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
                id: $(c('36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('assertFirstJobId($it)'))),
                city: $(c('Lyon'), p('Contractville')),
                company_name: 'NOVENCIA Group',
                title: 'Data scientist',
                contract_type: 'Full-Time'
            ]
        ],
        next_cursor: $(c('eyJpZCI6IjM2Y2MzMGZkMWY1NmI1YzllYmNhMmZjOTBlMTBhOTc5IiwiY2l0eSI6Ikx5b24iLCJvZiI6Ikx5b24ifQ'), p(regex('[A-Za-z0-9_-]+'))))
    bodyMatchers {
      jsonPath('$.items', byType { occurrence(1) })
    }
  }
}
