import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'get_job'
  description 'A job read by its id.'
  request {
    method GET()
    url $(c('/v1/jobs/36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('firstJobPath()')))
  }
  response {
    status OK()
    headers {
      contentType(applicationJson())
      // The job's version, to replace or delete that version only (If-Match).
      header('ETag', $(c('"9f2b6c0e4a1d7e35b8c2f04a6d19e7c3"'), p(regex('"[0-9a-f]{32}"'))))
    }
    body(
        id: $(c('36cc30fd1f56b5c9ebca2fc90e10a979'), p(execute('assertFirstJobId($it)'))),
        city: $(c('Lyon'), p('Contractville')),
        company_name: 'NOVENCIA Group',
        title: 'Data scientist',
        contract_type: 'Full-Time')
  }
}
