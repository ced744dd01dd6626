import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'replace_job_not_found'
  description 'No job has this id: a 404 problem.'
  request {
    method PUT()
    url '/v1/jobs/ffffffffffffffffffffffffffffffff'
    headers { contentType(applicationJson()) }
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
