import HeardModel
