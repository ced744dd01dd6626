import org.springframework.cloud.contract.spec.Contract

Contract.make {
  name 'delete_job_not_found'
  description 'No job has this id: a 404 problem.'
  request {
    method DELETE()
    url '/v1/jobs/ffffffffffffffffffffffffffffffff'
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
