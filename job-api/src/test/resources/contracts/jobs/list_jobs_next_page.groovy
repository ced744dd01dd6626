import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'list_jobs_next_page'
  // Stubs that match the same request: the lower number wins.
  priority 1
  description 'The next page of a city, from the cursor of the page before.'
  request {
    method GET()
    urlPath('/v1/jobs') {
      queryParameters {
        parameter 'city', $(c('Lyon'), p('Contractville'))
        parameter 'limit', '1'
        parameter 'cursor', $(c('eyJpZCI6IjM2Y2MzMGZkMWY1NmI1YzllYmNhMmZjOTBlMTBhOTc5IiwiY2l0eSI6Ikx5b24iLCJvZiI6Ikx5b24ifQ'), p(execute('cursorAfterFirstJob()')))
      }
    }
  }
  response {
    status OK()
    headers { contentType(applicationJson()) }
    body(
        items: [
            [
                id: $(c('5d1c8a3e9b2f4c7d8e6a0b1c2d3e4f50'), p(execute('assertSecondJobId($it)'))),
                city: $(c('Lyon'), p('Contractville')),
                company_name: 'NOVENCIA Group',
                title: 'Data scientist',
                contract_type: 'Full-Time'
            ]
        ])
    bodyMatchers {
      jsonPath('$.items', byType { occurrence(1) })
    }
  }
}
