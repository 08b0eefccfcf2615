return ctx.Instance.Data.amount > 100000;
