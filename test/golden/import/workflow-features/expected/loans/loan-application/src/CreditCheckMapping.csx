return new { applicant = ctx.Instance.Data.applicant };
